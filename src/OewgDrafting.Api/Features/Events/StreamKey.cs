using OewgDrafting.Api.Infrastructure.Auth;

namespace OewgDrafting.Api.Features.Events;

/// <summary>
/// The key a stream was opened with. A stream outlives the authentication of its request, so whenever the key registry
/// changes (here, or on another instance through the change notifier) the key is looked up again: a key revoked, of a
/// deactivated delegation, or whose role changed, ends the stream before another event is sent.
/// </summary>
internal sealed class StreamKey(HttpContext http)
{
    private readonly string? _hash = http.User.FindFirst(Claims.KeyHash)?.Value;
    private readonly string? _role = http.User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value;
    private readonly ApiKeyCache _keys = http.RequestServices.GetRequiredService<ApiKeyCache>();
    private CancellationToken _checkedAt;
    private bool _checked;

    /// <summary>Fires at the next registry change after the last check.</summary>
    public CancellationToken Changed => _hash is null ? CancellationToken.None : _checkedAt;

    public async ValueTask<bool> StillValidAsync(CancellationToken cancellationToken)
    {
        if (_hash is null || (_checked && !_checkedAt.IsCancellationRequested))
        {
            return true;
        }

        // The token is read before the lookup, so that a change during the lookup is seen at the next check.
        _checkedAt = _keys.Changed;
        _checked = true;
        var key = await _keys.FindAsync(_hash, http.RequestServices, cancellationToken);
        return key is not null && key.Role == _role;
    }
}
