using System.Text;
using Microsoft.Extensions.ObjectPool;

namespace OewgDrafting.Api.Infrastructure.Http;

/// <summary>
/// Streams a rendered text (a revision, a redline) to the response. A full report renders to megabytes;
/// building it in a pooled builder and writing its chunks straight into the response pipe keeps every
/// render off the large-object heap instead of allocating one huge string per request. (The current text
/// is rendered once per version instead, and served from the cache.)
/// </summary>
public sealed class RenderedTextResult(string contentType, Action<StringBuilder> render) : IResult
{
    private static readonly ObjectPool<StringBuilder> Builders =
        new DefaultObjectPoolProvider().CreateStringBuilderPool(initialCapacity: 16 * 1024, maximumRetainedCapacity: 16 * 1024 * 1024);

    public string ContentType { get; } = contentType;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var builder = Builders.Get();
        try
        {
            render(builder);
            httpContext.Response.ContentType = ContentType;
            var body = httpContext.Response.BodyWriter;
            foreach (var chunk in builder.GetChunks())
            {
                Encoding.UTF8.GetBytes(chunk.Span, body);
                if (body.UnflushedBytes > 64 * 1024)
                {
                    await body.FlushAsync(httpContext.RequestAborted);
                }
            }

            await body.FlushAsync(httpContext.RequestAborted);
        }
        finally
        {
            Builders.Return(builder);
        }
    }
}
