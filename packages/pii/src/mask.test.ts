import { maskName, maskPhone, maskResidentId } from './mask';

describe('masks', () => {
  it('shows the first 6 and last 4 characters of an ID number', () => {
    expect(maskResidentId('65230119900101123X')).toBe('652301********123X');
    expect(maskResidentId('11010519491231002x')).toBe('110105********002X');
    expect(maskResidentId('652301900101123')).toBe('652301******123'); // 15-digit first generation
    expect(maskResidentId('12345')).toBe('***45');
  });

  it('shows the first 3 and last 4 digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678');
  });

  it('keeps a landline area code and the last 4 digits', () => {
    expect(maskPhone('0991-1234567')).toBe('0991-***4567');
    expect(maskPhone('010 12345678')).toBe('010-****5678');
  });

  it('reveals little of something that is no phone number', () => {
    expect(maskPhone('call me')).toBe('*****me');
    expect(maskPhone('123')).toBe('***');
  });

  it('keeps the first character of a name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('*');
    expect(maskName('')).toBe('');
  });
});
