import type { Caller, ValidationSubject } from '@noticias/api';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who calls (REST routes): set before the body is read; LOCAL_CALLER on public routes. */
    caller: Caller;
  }
  interface FastifyContextConfig {
    /** Served without credentials and in protected mode to anyone (/health). */
    public?: boolean;
    /** Submission routes name what they validate, so body-parsing errors get the right message. */
    validationSubject?: ValidationSubject;
  }
}

export {};
