import type { ValidationSubject } from '@noticias/api';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Submission routes name what they validate, so body-parsing errors get the right message. */
    validationSubject?: ValidationSubject;
  }
}

export {};
