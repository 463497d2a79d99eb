// An ES module consumer: loads every package named in argv[2] (a JSON list) with `import`.
import { createRequire } from 'node:module';

const { runChecks } = createRequire(import.meta.url)('./consumer-checks.cjs');
const results = await runChecks((name) => import(name), JSON.parse(process.argv[2]));
console.log(JSON.stringify(results));
