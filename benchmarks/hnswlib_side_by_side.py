#!/usr/bin/python3
"""Side-by-side reference for `indexer build/verify`: hnswlib (inner product) on the same vectors.

Reads a Marquee model artifact's embeddings.safetensors directly (no Marquee code), indexes the
retrieval vectors [m ; c_m] (c_m: movie_retrieval_bias) with hnswlib's 'ip' space, and measures
build time and, for queries [u ; 1] of a seeded user sample, recall@k against exact top-k (numpy)
and single-threaded latency over ef. Not part of the project's build: the project stays pure Java.

  apt-get install -y python3-hnswlib python3-numpy
  /usr/bin/python3 benchmarks/hnswlib_side_by_side.py --model /work/bench/indexer/m1m --m 32 --ef-construction 200 --threads 2
"""
import argparse
import json
import struct
import time

import hnswlib
import numpy as np


def read_safetensors(path, names):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        base = 8 + n
        out = {}
        for name in names:
            h = header[name]
            begin, end = h["data_offsets"]
            f.seek(base + begin)
            dtype = {"F32": np.float32, "I64": np.int64, "I32": np.int32}[h["dtype"]]
            out[name] = np.frombuffer(f.read(end - begin), dtype=dtype).reshape(h["shape"])
        return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--m", type=int, default=32)
    p.add_argument("--ef-construction", type=int, default=200)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--users", type=int, default=1000)
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--ef", default="10,20,50,100,200,500")
    a = p.parse_args()

    t = read_safetensors(a.model + "/embeddings.safetensors", ["movie_vectors", "movie_retrieval_bias", "user_vectors"])
    items = np.hstack([t["movie_vectors"], t["movie_retrieval_bias"][:, None]]).astype(np.float32)
    n, dim = items.shape
    rng = np.random.default_rng(a.seed)
    users = rng.choice(t["user_vectors"].shape[0], size=min(a.users, t["user_vectors"].shape[0]), replace=False)
    queries = np.hstack([t["user_vectors"][users], np.ones((len(users), 1), np.float32)]).astype(np.float32)

    t0 = time.time()
    exact = np.empty((len(queries), a.k), dtype=np.int64)
    for s in range(0, len(queries), 100):
        scores = queries[s:s + 100] @ items.T
        part = np.argpartition(-scores, a.k, axis=1)[:, :a.k]
        exact[s:s + 100] = part
    exact_s = time.time() - t0

    index = hnswlib.Index(space="ip", dim=dim)
    index.init_index(max_elements=n, M=a.m, ef_construction=a.ef_construction, random_seed=a.seed)
    index.set_num_threads(a.threads)
    t0 = time.time()
    index.add_items(items, np.arange(n), num_threads=a.threads)
    build_s = time.time() - t0

    index.set_num_threads(1)
    rows = []
    for ef in [int(x) for x in a.ef.split(",")]:
        index.set_ef(max(ef, a.k))
        for q in queries[:200]:
            index.knn_query(q[None, :], k=a.k)
        lat = []
        hits = 0
        for i, q in enumerate(queries):
            s = time.perf_counter()
            labels, _ = index.knn_query(q[None, :], k=a.k)
            lat.append(time.perf_counter() - s)
            hits += len(set(labels[0].tolist()) & set(exact[i].tolist()))
        lat.sort()
        rows.append({"ef": ef, "recall_at_k": hits / (len(queries) * a.k),
                     "p50_ms": 1e3 * lat[len(lat) // 2], "p99_ms": 1e3 * lat[int(0.99 * len(lat)) - 1]})
    print(json.dumps({"movies": n, "dim": dim, "m": a.m, "ef_construction": a.ef_construction, "threads": a.threads,
                      "build_s": build_s, "exact_numpy_s": exact_s, "users": len(queries), "k": a.k, "curve": rows}, indent=2))


if __name__ == "__main__":
    main()
