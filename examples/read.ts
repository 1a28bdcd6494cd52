// Read exactly N seconds of samples, none missing, from the emulated JS110 and summarize them.
//   node --conditions=source --import tsx read.ts [seconds]      (default 0.5)
import { open } from 'joulescope';

const seconds = Number(process.argv[2] ?? 0.5);
const device = await open(undefined, { emulated: true });
await device.parameterSet('buffer_duration', Math.max(1, Math.ceil(seconds)));
const { current, voltage, samplingFrequency } = await device.read({ contiguousDuration: seconds });
await device.close();

let charge = 0;
let low = Infinity;
let high = -Infinity;
for (const i of current) {
  charge += i / samplingFrequency;
  low = Math.min(low, i);
  high = Math.max(high, i);
}
const volts = voltage.reduce((sum, v) => sum + v, 0) / voltage.length;
console.log(`${current.length} samples in ${seconds} s`);
console.log(`current ${(low * 1e6).toFixed(1)} µA to ${(high * 1e3).toFixed(1)} mA, charge ${(charge * 1e6).toFixed(1)} µC, mean voltage ${volts.toFixed(3)} V`);
