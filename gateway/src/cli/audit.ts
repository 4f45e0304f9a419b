#!/usr/bin/env node
// Verifies the hash chain of the gateway's audit log:  MONGO_URL=mongodb://…/gateway wage-audit verify
import mongoose from 'mongoose';
import { AuditLog } from '../audit';

async function run(): Promise<number> {
  const url = process.env.MONGO_URL;
  if (process.argv[2] !== 'verify' || !url) {
    console.error('usage: MONGO_URL=mongodb://host/gateway wage-audit verify');
    return 2;
  }
  const conn = await mongoose.createConnection(url).asPromise();
  try {
    const r = await new AuditLog(conn).verify();
    if (r.ok) {
      console.log(`audit log verified: ${r.entries} entries, chain intact`);
      return 0;
    }
    console.error(`audit log BROKEN at entry ${r.brokenAt}: ${r.reason}`);
    return 1;
  } finally {
    await conn.close();
  }
}

run().then(
  (c) => process.exit(c),
  (e) => {
    console.error(`verification failed: ${(e as Error).message}`);
    process.exit(1);
  },
);
