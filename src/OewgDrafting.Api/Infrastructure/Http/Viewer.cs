using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace OewgDrafting.Api.Infrastructure.Http;

/// <summary>
/// The reference viewer: static files (wwwroot/viewer) served without a key, since they hold no negotiation data;
/// every call they make carries the key the user enters. Only requests under /viewer look for a file, so the API's
/// hot paths never touch the file system.
/// </summary>
public static class Viewer
{
    public const string Path = "/viewer";

    public static WebApplication UseViewer(this WebApplication app)
    {
        var root = System.IO.Path.Combine(app.Environment.WebRootPath ?? System.IO.Path.Combine(app.Environment.ContentRootPath, "wwwroot"), "viewer");
        if (!Directory.Exists(root))
        {
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), viewer =>
        {
            viewer.UseDefaultFiles(new DefaultFilesOptions { RequestPath = Path, FileProvider = files });
            viewer.UseStaticFiles(new StaticFileOptions
            {
                RequestPath = Path,
                FileProvider = files,
                // Revalidate every time: a new deployment is picked up at once (the ETag makes it a 304 otherwise).
                OnPrepareResponse = context => context.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache",
            });
        });
        // "/viewer" gets its trailing slash from the default-files middleware; "/" leads to the viewer.
        app.MapGet("/", () => Results.Redirect(Path + "/")).ExcludeFromDescription().AllowAnonymous();
        return app;
    }
}
