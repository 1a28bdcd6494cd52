// The workspace lint, minus the AssemblyScript kernels (assembly/): they are not TypeScript for
// the type checker; the AssemblyScript compiler checks them when `pnpm build` compiles them.
import workspace from '../../eslint.config.js';

export default [...workspace, { ignores: ['assembly/**'] }];
