// Live statistics of the emulated JS110: twice per second, for a few seconds, then the totals.
//   node --conditions=source --import tsx statistics.ts [seconds]      (default 5)
import { StatisticsSummary, open } from 'joulescope';

const seconds = Number(process.argv[2] ?? 5);
const device = await open(undefined, { emulated: true }); // a real JS110: open()
const summary = new StatisticsSummary();
const stopped = new Promise((resolve) => device.on('stop', resolve));
await device.start({ duration: seconds });
device.statistics((s) => {
  summary.add(s);
  const { current, power } = s.signals;
  console.log(`${s.time.range[1].toFixed(1)} s  I ${(current.mean * 1e3).toFixed(3)} mA (max ${(current.max * 1e3).toFixed(1)} mA)  P ${(power.mean * 1e3).toFixed(3)} mW  Q ${(s.accumulators.charge.value * 1e3).toFixed(3)} mC`);
});
await stopped;
const totals = summary.totals();
if (totals !== null) console.log(`${totals.updates} updates, mean ${(totals.signals.current.mean * 1e3).toFixed(3)} mA, ${totals.loss.missing} samples missing`);
await device.close();
