// Child process of the bench for instruction counts: `node bench/_count.ts <kernel|oracle>
// <packet file> <packets>` ingests that many packets of the file as the bench does (transfers
// of 256 packets, process() after each). Run under cachegrind twice with different counts;
// the difference per sample leaves out start-up.
import { readFileSync } from 'node:fs';
import { StreamBuffer } from '../src/index';
import { OracleStreamBuffer } from '../test/_oracle/stream-buffer';
import { CALIBRATION as CAL } from '../test/_calibration';

const [impl, file, count] = process.argv.slice(2);
const bytes = readFileSync(file);
const packets = new Uint8Array(bytes.buffer, bytes.byteOffset, Number(count) * 512);
const b = impl === 'kernel' ? new StreamBuffer(10, [200, 100, 50]) : new OracleStreamBuffer(10, [200, 100, 50]);
b.calibrationSet(CAL.currentOffset, CAL.currentGain, CAL.voltageOffset, CAL.voltageGain);
for (let at = 0; at < packets.length; at += 256 * 512) {
  b.insert(packets.subarray(at, at + 256 * 512));
  b.process();
}
console.log(b.status().sampleId);
