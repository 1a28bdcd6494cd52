// Capture N seconds of the emulated JS110 to a CSV or JLS file, exact to the sample.
//   node --conditions=source --import tsx capture.ts out.csv [seconds]      (or out.jls; default 1 s)
import { closeSync, openSync, writeSync } from 'node:fs';
import { capture, csvWriter, jlsWriter, open, type CaptureWriter } from 'joulescope';

const [path = 'capture.csv', seconds = '1'] = process.argv.slice(2);
const device = await open(undefined, { emulated: true });
await device.parameterSet('buffer_duration', 1);
const info = { details: await device.info(), samplingFrequency: 2e6, calibrated: device.calibration.applied };
let writer: CaptureWriter;
if (path.endsWith('.jls')) {
  writer = await jlsWriter(path, info);
} else {
  const fd = openSync(path, 'w');
  writer = csvWriter({ write: (bytes) => void writeSync(fd, bytes), close: () => closeSync(fd) }, info);
}
const summary = await capture(device, { duration: Number(seconds), writer });
await device.close();
console.log(`${path}: ${summary.samples} samples, ${summary.missing} missing, charge ${(summary.charge * 1e6).toFixed(1)} µC`);
