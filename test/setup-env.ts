// Runs before every test file: nothing in the suite may try to reach the internet.
process.env.APOLLO_TELEMETRY_DISABLED = 'true';
import 'reflect-metadata';
