import { createContext, useContext } from 'react';
import type { User } from './session';

export const UserContext = createContext<User>({ username: '', name: '', agency: '', region: '', roles: [] });

export function useUser(): User {
  return useContext(UserContext);
}
