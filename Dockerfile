# One image for both roles; docker-compose.yml picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json turbo.json tsconfig.json tsconfig.base.json jest.preset.js ./
COPY apps ./apps
COPY packages ./packages
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund
ENV NODE_ENV=production
EXPOSE 3000
CMD ["npm", "run", "start:api"]
