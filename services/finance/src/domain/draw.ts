// A deposit draw (动用保证金): inspection's payment notice names the workers and what each is owed; the bank
// pays them from the deposit, never more than its balance.

export interface Payee {
  name: string;
  amountFen: number;
}

/**
 * Shares what was drawn among the named workers in the notice's order: each is paid in full while the money
 * lasts, the next one partly, the rest nothing. The shares always add up to the amount drawn.
 */
export function allocateDraw<P extends Payee>(
  drawnFen: number,
  payees: readonly P[],
): Array<P & { paidFen: number }> {
  let left = drawnFen;
  return payees.map((p) => {
    const paidFen = Math.min(p.amountFen, left);
    left -= paidFen;
    return { ...p, paidFen };
  });
}
