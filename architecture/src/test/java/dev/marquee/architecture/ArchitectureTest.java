package dev.marquee.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * What the main code of every module must never depend on. The test classpath of this module holds
 * every module's main classes (and none of their tests), so one import sees the whole system.
 */
@AnalyzeClasses(packages = "dev.marquee", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /**
   * The enforcer keeps DJL off the other modules' classpaths; this keeps it out of their code too.
   */
  @ArchTest
  static final ArchRule djlOnlyInTrainer =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.marquee.trainer..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("ai.djl..")
          .because("DJL (and so libtorch) belongs to the trainer alone");

  @ArchTest
  static final ArchRule versionedLuceneCodecsOnlyInIndexCodec =
      noClasses()
          .that()
          .haveNameNotMatching("dev\\.marquee\\.indexer\\.IndexCodec(\\$.*)?")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.apache.lucene.codecs.lucene*..", "org.apache.lucene.backward_codecs..")
          .because(
              "a Lucene upgrade renames these classes; IndexCodec is the one place that names a format version");

  @ArchTest
  static final ArchRule noCommandLineInCore =
      noClasses()
          .that()
          .resideInAPackage("dev.marquee.core..")
          .and()
          .resideOutsideOfPackage("dev.marquee.core.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("picocli..")
          .because("core is a library; the shared CLI toolkit lives in dev.marquee.core.cli");

  @ArchTest
  static final ArchRule noCommandLineInDataLibrary =
      noClasses()
          .that()
          .resideInAPackage("dev.marquee.data..")
          .and()
          .resideOutsideOfPackage("dev.marquee.data.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("picocli..")
          .because(
              "the data library is used without its command line; commands live in dev.marquee.data.cli");

  @ArchTest
  static final ArchRule noCommandLineInIndexerLibrary =
      noClasses()
          .that()
          .resideInAPackage("dev.marquee.indexer..")
          .and()
          .resideOutsideOfPackage("dev.marquee.indexer.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("picocli..")
          .because("the server uses the indexer library; commands live in dev.marquee.indexer.cli");

  @ArchTest
  static final ArchRule librariesDoNotReachIntoTheirCommandLines =
      noClasses()
          .that()
          .resideInAnyPackage("dev.marquee.data..", "dev.marquee.indexer..")
          .and()
          .resideOutsideOfPackages("dev.marquee.data.cli..", "dev.marquee.indexer.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.marquee.data.cli..", "dev.marquee.indexer.cli..")
          .because("a library works without its command line");

  @ArchTest
  static final ArchRule serverUsesLibrariesOnly =
      noClasses()
          .that()
          .resideInAPackage("dev.marquee.server..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.marquee.data.cli..", "dev.marquee.indexer.cli..")
          .because("the server depends on the data and indexer libraries, not on their commands");

  @ArchTest
  static final ArchRule serverLeavesLuceneToTheIndexer =
      noClasses()
          .that()
          .resideInAPackage("dev.marquee.server..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.apache.lucene..")
          .because(
              "segments, documents and queries are the indexer's (MovieIndex); the server asks it by movie row");
}
