// The shared build, with one entry per subpath. Splitting keeps one copy of each module (the
// error classes, the device registry) shared by the entries, in ESM and in CJS.
import { defineConfig } from 'tsup';
import shared from '../../tsup.shared';

export default defineConfig({
  ...shared,
  entry: ['src/index.ts', 'src/node.ts', 'src/browser.ts', 'src/emulator.ts'],
  splitting: true,
});
