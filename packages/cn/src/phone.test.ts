import { isLandline, isMobile, normaliseLandline, normaliseMobile } from './phone';

describe('mobile numbers', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['0086-138-1234-5678', '13812345678'],
    ['8619912345678', '19912345678'],
    ['１３８１２３４５６７８', '13812345678'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normaliseMobile(input)).toBe(expected);
  });

  it.each([
    ['12812345678', 'second digit 2'],
    ['1381234567', '10 digits'],
    ['138123456789', '12 digits'],
    ['+85213812345678', 'a Hong Kong prefix'],
    ['0991-1234567', 'a landline'],
    ['1381234567a', 'a letter'],
  ])('rejects %s (%s)', (input) => {
    expect(isMobile(input)).toBe(false);
  });
});

describe('landlines', () => {
  it.each([
    ['0991-1234567', '0991-1234567'],
    ['09911234567', '0991-1234567'],
    ['(0991) 1234567', '0991-1234567'],
    ['010-12345678', '010-12345678'],
    ['021 6123 4567', '021-61234567'],
    ['0931-8123456-801', '0931-8123456-801'],
    ['0931-8123456转801', '0931-8123456-801'],
    ['+86 991 1234567', '0991-1234567'],
    ['0931 812 3456', '0931-8123456'],
    ['0931-8123456 ext 801', '0931-8123456-801'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normaliseLandline(input)).toBe(expected);
  });

  it.each([
    ['13812345678', 'a mobile number'],
    ['0991-0234567', 'subscriber number starting with 0'],
    ['010-1234567', '7 digits after a 3-digit area code'],
    ['0191-1234567', 'area code 01x other than 010'],
    ['0991-12345', 'too short'],
    ['12345', 'a service number'],
  ])('rejects %s (%s)', (input) => {
    expect(isLandline(input)).toBe(false);
  });
});
