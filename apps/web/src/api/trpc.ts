import type { AppRouter } from '@noticias/api';
import { createTRPCContext } from '@trpc/tanstack-react-query';

// Type only from the server: the hooks and the provider are typed by AppRouter.
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
