export * from './calendarDate';
export * from './money';
export * from './phone';
export * from './region';
export * from './residentId';
export * from './statutoryHolidays';
export * from './uscc';
export * from './workingDays';
