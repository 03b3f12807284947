import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";

// Optional Cloudflare Access: when CF_ACCESS_TEAM_DOMAIN and CF_ACCESS_AUD are
// set, a request Access let through carries Cf-Access-Jwt-Assertion, signed
// with the team's keys. A verified email that matches an admin row signs in.

const jwksByTeam = new Map<string, JWTVerifyGetKey>();

function jwksFor(teamDomain: string): JWTVerifyGetKey {
  let jwks = jwksByTeam.get(teamDomain);
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(`https://${teamDomain}/cdn-cgi/access/certs`));
    jwksByTeam.set(teamDomain, jwks);
  }
  return jwks;
}

// The verified, lowercased email, or null if the assertion isn't valid.
export async function verifyAccessAssertion(
  assertion: string,
  access: { teamDomain: string; audience: string },
  jwks: JWTVerifyGetKey = jwksFor(access.teamDomain),
): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(assertion, jwks, {
      audience: access.audience,
      issuer: `https://${access.teamDomain}`,
      algorithms: ["RS256", "ES256", "PS256"],
    });
    return typeof payload.email === "string" && payload.email ? payload.email.trim().toLowerCase() : null;
  } catch {
    return null;
  }
}
