using Microsoft.AspNetCore.Http.Features;

namespace OewgDrafting.Api.Infrastructure.Http;

public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>The largest request body accepted, in bytes; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;
}

/// <summary>
/// Bounds every request body, whichever server hosts the app: a declared length over the limit is refused
/// at once, and a body without a declared length is cut off when it passes the limit.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, Microsoft.Extensions.Options.IOptions<LimitsOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength is null && context.Request.Body != Stream.Null)
        {
            context.Request.Body = new LengthLimitedStream(context.Request.Body, limit);
        }

        return next(context);
    }

    internal static BadHttpRequestException TooLarge(long limit) =>
        new($"The request body is larger than the limit of {limit} bytes.", StatusCodes.Status413PayloadTooLarge);

    private sealed class LengthLimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit)
            {
                throw TooLarge(limit);
            }

            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
