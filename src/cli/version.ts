/** The version `quizgrade --version` prints: package.json's (bundled into dist/ by esbuild). */
import packageJson from '../../package.json' with { type: 'json' };

export const VERSION: string = packageJson.version;
