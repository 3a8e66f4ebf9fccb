"""Operations: the health check, structured logs with request ids, errors without stack traces."""
