"""Generate a large synthetic data folder (default 5,000 agents) for benchmarks.

Usage: python -m tests.perf.gen_catalog OUT_DIR [--agents N]
The folder is a local formulary layered on the bundled data (or on tests/fixtures/good with
--only) through --data-dir; it reuses the fixture references and the bundled vocabulary ids.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

from app.catalog.model import FrequencyBand, PainContext, Route

REPO = Path(__file__).resolve().parents[2]
SYLLABLES = ["ke", "ta", "mi", "ne", "dex", "tro", "me", "thor", "phan", "ama", "lo", "zan", "vor"]


def generate(out: Path, count: int = 5000, seed: int = 1) -> Path:
    rng = random.Random(seed)
    vocabulary = yaml.safe_load((REPO / "data" / "side_effects.yaml").read_text(encoding="utf-8"))
    effects = [e["id"] for e in vocabulary["side_effects"]]
    (out / "agents").mkdir(parents=True, exist_ok=True)
    (out / "references").mkdir(exist_ok=True)
    (out / "references" / "synthetic.yaml").write_text(
        yaml.safe_dump(
            {
                "references": [
                    {
                        "id": "synthetic-ref",
                        "kind": "other",
                        "authors": "Benchmark generator",
                        "title": "Synthetic data for benchmarks; not clinical content",
                        "source": "tests/perf/gen_catalog.py",
                        "year": 2026,
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    bands = [b.value for b in FrequencyBand]
    for i in range(count):
        name = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize() + f" {i}"
        agent = {
            "id": f"synthetic-{i}",
            "name": name,
            "last_reviewed": "2026-01-01",
            "brand_names": [{"name": f"Brand{i}", "markets": ["XX"]}],
            "synonyms": [f"SYN{i}"],
            "drug_class": rng.choice(["Synthetic channel blocker", "Synthetic GluN2B modulator"]),
            "mechanism": {"nmda_site": "Pore", "block": "Uncompetitive", "refs": ["synthetic-ref"]},
            "status": {"off_label_pain": rng.random() < 0.5, "investigational": rng.random() < 0.2},
            "atc_codes": [f"N{rng.randint(0, 9):02d}AX{rng.randint(0, 99):02d}"],
            "routes": rng.sample([r.value for r in Route], 2),
            "pain_uses": [
                {
                    "context": rng.choice([c.value for c in PainContext]),
                    "evidence": "low",
                    "summary": "Synthetic.",
                    "refs": ["synthetic-ref"],
                }
            ],
            "adverse_effects": [
                {"effect": e, "frequency": rng.choice(bands), "refs": ["synthetic-ref"]}
                for e in rng.sample(effects, 20)
            ],
        }
        (out / "agents" / f"synthetic-{i}.yaml").write_text(
            yaml.safe_dump(agent, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--agents", type=int, default=5000)
    args = parser.parse_args()
    generate(args.out, args.agents)
    print(f"wrote {args.agents} agents to {args.out}")


if __name__ == "__main__":
    main()
