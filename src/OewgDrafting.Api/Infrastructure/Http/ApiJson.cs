using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace OewgDrafting.Api.Infrastructure.Http;

public static class ApiJson
{
    /// <summary>
    /// The one encoder of the whole API: UTF-8 as it is ("Introducción", not "Introducci\u00F3n"), only what JSON
    /// itself requires escaped. It does not escape &lt; and &gt; for HTML, which is safe because no JSON is ever
    /// placed in HTML unescaped: the HTML renderer and the viewer escape or insert text on their own.
    /// </summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>Writer options for the bodies written by hand (the clean text and compilation JSON).</summary>
    public static readonly JsonWriterOptions Writer = new() { Encoder = Encoder, SkipValidation = true };

    /// <summary>The serializer options the endpoints answer with, for bodies serialised ahead of time (cached representations).</summary>
    public static JsonSerializerOptions Options(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
}
