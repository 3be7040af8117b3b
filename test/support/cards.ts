// Distinct, valid card numbers for load tests: a Visa BIN, a running serial, and the Luhn check digit.
export function luhnCheckDigit(partial: string): string {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let digit = Number(partial[partial.length - 1 - i]);
    if (i % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

export function distinctCards(count: number, bin = '411111'): string[] {
  return Array.from({ length: count }, (_, i) => {
    const partial = bin + String(100_000_000 + i * 7919).slice(-9);
    return partial + luhnCheckDigit(partial);
  });
}
