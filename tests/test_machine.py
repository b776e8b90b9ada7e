"""The CPU description `simulator bench` prints beside its figures."""

from simulator.machine import cpu_model


def test_cpu_model_from_cpuinfo(tmp_path):
    info = tmp_path / "cpuinfo"
    info.write_text(
        "processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu sse avx2\n\n"
        "processor\t: 1\nmodel name\t: AMD EPYC\nflags\t\t: fpu sse avx2\n",
        encoding="utf-8",
    )
    text = cpu_model(info)
    assert text.startswith("AMD EPYC, ") and text.endswith("no AVX-512")
    info.write_text("model name : Xeon\nflags : avx2 avx512f avx512bw\n", encoding="utf-8")
    assert cpu_model(info).endswith(", AVX-512")


def test_cpu_model_without_cpuinfo(tmp_path):
    text = cpu_model(tmp_path / "missing")
    assert text and "logical cores" in text and "AVX" not in text
