using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Silence;

namespace OewgDrafting.Api.Features.Consensus;

/// <summary>
/// Closes due silence procedures: at start (a restart loses none) and then every poll interval. Time comes
/// from <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
public sealed class SilenceCloser(IServiceScopeFactory scopes, TimeProvider clock, IOptions<SilenceOptions> options, ILogger<SilenceCloser> logger,
    Infrastructure.Http.StartupGate gate) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first look runs in the background, once the database is prepared: /health does not wait for it.
        if (!await gate.WaitAsync(stoppingToken))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CloseDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Closing due silence procedures failed; retrying at the next interval");
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task<int> CloseDueAsync(CancellationToken cancellationToken)
    {
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
            var now = clock.GetUtcNow();
            due = await db.SilenceProcedures.AsNoTracking()
                .Where(s => s.Status == SilenceStatus.Running && s.Deadline <= now)
                .Select(s => s.Id).ToListAsync(cancellationToken);
        }

        var closed = 0;
        foreach (var id in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CloseSilence.Command(id), cancellationToken);
                closed++;
                logger.LogInformation("Concluded silence procedure {ProcedureId}", id);
            }
            catch (CloseSilence.AlreadyClosedException)
            {
                // Another instance got there first.
            }
        }

        return closed;
    }
}
