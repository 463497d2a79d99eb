// A CommonJS consumer: loads every package named in argv[2] (a JSON list) with `require`.
const { runChecks } = require('./consumer-checks.cjs');

runChecks(async (name) => require(name), JSON.parse(process.argv[2])).then(
  (results) => console.log(JSON.stringify(results)),
  (error) => {
    console.error(error.stack);
    process.exit(1);
  },
);
