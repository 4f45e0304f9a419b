import { allocateDraw } from './draw';

describe('sharing a draw among the named workers', () => {
  const workers = [
    { name: '甲', amountFen: 300_000 },
    { name: '乙', amountFen: 200_000 },
    { name: '丙', amountFen: 100_000 },
  ];

  it('pays everyone in full when the deposit covers the notice', () => {
    expect(allocateDraw(600_000, workers).map((w) => w.paidFen)).toEqual([300_000, 200_000, 100_000]);
  });

  it('pays in the notice order while the money lasts, the shares adding up to the draw', () => {
    const paid = allocateDraw(350_001, workers).map((w) => w.paidFen);
    expect(paid).toEqual([300_000, 50_001, 0]);
    expect(paid.reduce((a, b) => a + b, 0)).toBe(350_001);
  });
});
