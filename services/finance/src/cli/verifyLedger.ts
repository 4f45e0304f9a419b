#!/usr/bin/env node
// Verifies the finance ledger: every posting sums to zero, every account's balance equals the sum of the
// lines applied to it (pending postings counted by the marks they left), no deposit, fund or claim below zero.
// Pending postings are completed by the running finance service (at start and every few seconds).
// Exit code 0: OK, 1: findings, 2: could not run.
//
//   MONGO_URL=mongodb://127.0.0.1:27017/finance node services/finance/dist/cli/verifyLedger.js [--json]
import { connectMongo, createLogger } from '@wage/kit';
import { Ledger } from '../infra/ledger';
import { financeModels } from '../infra/models';

async function run(): Promise<number> {
  const url = process.env.MONGO_URL;
  if (!url) {
    console.error('MONGO_URL is required (the finance database, e.g. mongodb://127.0.0.1:27017/finance)');
    return 2;
  }
  const args = new Set(process.argv.slice(2));
  const logger = createLogger('finance-verify', 'error');
  const conn = await connectMongo(url, logger);
  try {
    const ledger = new Ledger(financeModels(conn), logger);
    const v = await ledger.verify();
    if (args.has('--json')) console.log(JSON.stringify(v));
    else {
      console.log(
        `postings ${v.postings} (applied ${v.applied}, pending ${v.pending}, rejected ${v.rejected}), accounts ${v.accounts}`,
      );
      for (const id of v.unbalancedPostings) console.log(`UNBALANCED posting ${id}`);
      for (const m of v.mismatches)
        console.log(`MISMATCH ${m.account}: balance ${m.balanceFen}, sum of lines ${m.sumOfLinesFen}`);
      for (const a of v.negativeAccounts) console.log(`NEGATIVE ${a}`);
      console.log(v.ok ? 'ledger OK' : 'ledger NOT OK');
    }
    return v.ok ? 0 : 1;
  } finally {
    await conn.close();
  }
}

run().then(
  (code) => process.exit(code),
  (e) => {
    console.error((e as Error).message);
    process.exit(2);
  },
);
