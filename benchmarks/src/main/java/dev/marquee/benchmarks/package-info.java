/**
 * The programs behind BENCHMARKS.md: JMH benchmarks where they time code ({@link FilterBenchmark}),
 * plain {@code main}s where they measure quality ({@link TrainingBench}, {@link RecallBench},
 * {@link FoldInCheck}). Run them with {@code benchmarks/run.sh}.
 */
package dev.marquee.benchmarks;
