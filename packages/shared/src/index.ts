export * from './validators';
export * from './phone';
export * from './errors';
export * from './customers';
export * from './imports';
export * from './permissions';
export * from './admin';
export * from './service';
