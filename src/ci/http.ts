/**
 * A small JSON client for the forges' REST APIs (GitHub, GitLab): fetch with a token, JSON in and
 * out, one error type that keeps the status (403/404 decide the read-only fallback).
 */
export class ApiError extends Error {
  constructor(readonly status: number, readonly method: string, readonly url: string, detail: string) {
    super(`${method} ${url}: HTTP ${status}${detail ? ` ${detail}` : ''}`);
    this.name = 'ApiError';
  }

  /** The token may not do this (a pull request from a fork gets a read-only token). */
  get forbidden(): boolean {
    return this.status === 401 || this.status === 403 || this.status === 404;
  }
}

export interface ApiResponse<T> {
  body: T;
  headers: Headers;
}

export async function requestJson<T>(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<ApiResponse<T>> {
  const res = await fetch(url, {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) {
    let detail = '';
    try {
      detail = String((JSON.parse(text) as { message?: unknown }).message ?? '');
    } catch {
      detail = text.slice(0, 200);
    }
    throw new ApiError(res.status, method, url, detail);
  }
  return { body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}
