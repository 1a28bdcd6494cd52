// An hour of history at 1 kHz (the DownsamplingStreamBuffer) from the 2 MS/s stream, queried
// while it fills: statistics of the last 100 ms, ten times per second.
//   node --conditions=source --import tsx long-log.ts [seconds]      (default 5)
import { open } from 'joulescope';

const seconds = Number(process.argv[2] ?? 5);
const device = await open(undefined, { emulated: true });
await device.parameterSet('sampling_frequency', '1 kHz');
await device.parameterSet('buffer_duration', '1 hour');
await device.parameterSet('reduction_frequency', '10 Hz'); // the ring is a multiple of 200 000 samples
const buffer = device.streamBuffer;
console.log(`${buffer.length} samples of history at ${buffer.outputSamplingFrequency} Hz`);
const stopped = new Promise((resolve) => device.on('stop', resolve));
await device.start({ duration: seconds });
device.statistics(() => {
  const [, end] = buffer.sampleIdRange;
  const { stats, range } = buffer.statisticsGet(end - 100, end);
  console.log(`samples ${range[0]} to ${range[1]}: mean ${(stats.mean[0] * 1e3).toFixed(3)} mA`);
});
await stopped;
await device.close();
