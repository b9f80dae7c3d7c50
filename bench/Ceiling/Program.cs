using Microsoft.AspNetCore.Server.Kestrel.Core;

// The ceiling for HTTP figures: Kestrel with nothing in front of one request delegate that answers every
// GET with the same bytes, content type and entity tag the API sent for the same resource, and a 304 with
// an empty body when If-None-Match names that tag. Whatever the API costs beyond this is its own overhead.
//   dotnet Ceiling.dll --urls http://127.0.0.1:5099 --body text.md --content-type text/markdown --etag '"7-markdown"'
var options = args.Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0].TrimStart('-'), p => p[1], StringComparer.Ordinal);
var body = File.ReadAllBytes(options["body"]);
var contentType = options.GetValueOrDefault("content-type", "application/octet-stream");
var etag = options.GetValueOrDefault("etag", "\"1\"");

var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = args });
builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.WebHost.UseUrls(options.GetValueOrDefault("urls", "http://127.0.0.1:5099"));
builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.AllowSynchronousIO = false);
var app = builder.Build();
app.Run(context =>
{
    var response = context.Response;
    response.Headers.ETag = etag;
    if (context.Request.Headers.IfNoneMatch == etag)
    {
        response.StatusCode = StatusCodes.Status304NotModified;
        return Task.CompletedTask;
    }

    response.ContentType = contentType;
    response.ContentLength = body.Length;
    return response.Body.WriteAsync(body).AsTask();
});
await app.RunAsync();
