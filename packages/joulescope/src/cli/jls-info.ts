/** `joulescope info FILE.jls`: the sources, signals, durations and statistics of a recording. */
import { readRecording, type RecordingContents } from '../jls-writer';
import { EXIT, type CliIo } from './_io';
import { duration, si } from './_si';

export async function jlsInfo(path: string, json: boolean, io: CliIo): Promise<number> {
  const contents = await readRecording(path);
  io.stdout.write(json ? `${JSON.stringify(contents)}\n` : formatRecording(path, contents));
  return EXIT.OK;
}

/** The recording as lines for people. */
export function formatRecording(path: string, c: RecordingContents): string {
  let text = `${path}${c.recovered ? ' (not closed: recovered)' : ''}\n`;
  for (const s of c.sources) text += `source ${String(s.sourceId)}  ${s.name}  (${s.vendor} ${s.model}, serial ${s.serialNumber}, version ${s.version})\n`;
  for (const s of c.signals) {
    const rate = s.sampleRate >= 1000 ? si(s.sampleRate, 'Hz', 0) : `${String(s.sampleRate)} Hz`;
    text += `signal ${String(s.signalId)}  ${s.name}  ${s.dataType}  ${rate}  ${String(s.length)} samples  ${duration(s.duration)}\n`;
    const st = s.statistics;
    if (st !== null) text += `    mean ${si(st.mean, s.units)}  std ${si(st.std, s.units)}  min ${si(st.min, s.units)}  max ${si(st.max, s.units)}\n`;
  }
  for (const note of c.notes) text += `notes: ${note}\n`;
  for (const w of c.warnings) text += `warning: ${w}\n`;
  return text;
}
