/** Who the console speaks for: set only where someone signed in (azure mode). */
export interface SignedInUser {
  name: string;
  username: string;
}

/** How one deployment's tokens are had; the local issuer has no user and no sign-out. */
export interface TokenSource {
  getToken(): Promise<string>;
  user?(): SignedInUser | null;
  signOut?(): Promise<void>;
}
