/** JLS v2 recordings of a capture, and what a recording holds. */
import { jlsCaptureWriter, readRecordingContents, type RecordingContents, type RecordingInfo, type RecordingSignal } from './_jls';
import type { CaptureWriter } from './capture';
import type { JlsInput, JlsSink } from '@joulescope/jls';

export type { RecordingContents, RecordingInfo, RecordingSignal };

/**
 * A capture writer that records JLS v2 as the Joulescope UI records a JS110, at a path
 * (Node) or into a sink (browser: OPFS, a writable file stream): source `JS110-<serial>`,
 * signals current, voltage, power (f32), current_range (u8), gpi[0], gpi[1] (u1), UTC entries.
 */
export function jlsWriter(target: string | JlsSink, info: RecordingInfo): Promise<CaptureWriter> {
  return jlsCaptureWriter(target, info);
}

/**
 * Sources, signals (with duration and statistics) and notes of a JLS file, read-only: a path
 * (Node), a Blob or File (browser), the file's bytes or a `JlsSource`.
 */
export function readRecording(input: JlsInput): Promise<RecordingContents> {
  return readRecordingContents(input);
}
