export * from './principal';
export * from './managed-identity';
export * from './app-role';
export * from './app-role-assignment';
export * from './protected-api';
export * from './app-role-assignment-table';
