/**
 * Test-only TLS material: a self-signed certificate for 127.0.0.1 (P-256, valid 100 years),
 * generated with `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes
 * -days 36500 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1`. Never used outside tests.
 */
export const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBkDCCATagAwIBAgIUL+i6De6QjYPaaKKojtr22ptkEYwwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyMzIyMTg0NFoYDzIxMjYxMDMw
MjIxODQ0WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQEudHux0KaL75HYj/AMTkcrFpUm7ljQw3OKRQUoKal8wzTHezFV8nM
27v0YAv5eRekWUO4c/q6AgT6KU4mNPteo2QwYjAdBgNVHQ4EFgQUG2IQ1Th4i5aZ
x2sf8nThYUAMad0wHwYDVR0jBBgwFoAUG2IQ1Th4i5aZx2sf8nThYUAMad0wDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0gAMEUC
IEJLF5pxee+/slMSPRcqmPMvpJ/0GhhwlxtxAjXxUmaNAiEAhSyMg7WR2QzLN2Q5
ozbKMz4eC79fHWD7g2hE2vkDmdU=
-----END CERTIFICATE-----
`;

export const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgvXtt512E9qKTOnBE
hggDJuCDmlLcKp3RYorP5swZwBuhRANCAAQEudHux0KaL75HYj/AMTkcrFpUm7lj
Qw3OKRQUoKal8wzTHezFV8nM27v0YAv5eRekWUO4c/q6AgT6KU4mNPte
-----END PRIVATE KEY-----
`;
