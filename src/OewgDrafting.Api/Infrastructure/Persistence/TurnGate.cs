using System.Collections.Concurrent;

namespace OewgDrafting.Api.Infrastructure.Persistence;

/// <summary>
/// The turn of one write queue: one holder at a time, the others resumed in arrival order. With a writer thread
/// (SQLite), the next holder is resumed on it, inline: the serial part of every write (its statements in the shared
/// transaction, and the commit) runs at once, without first waiting in the thread pool behind the requests that are
/// being parsed, checked and answered meanwhile. Without one (PostgreSQL, a queue per document), the next holder is
/// resumed on the thread pool.
/// </summary>
internal sealed class TurnGate(WriterThread? writer)
{
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private bool _held;

    /// <summary>Completes when the caller holds the turn: at once when nobody does, else when it is handed on to it.</summary>
    public Task EnterAsync()
    {
        lock (_waiters)
        {
            if (!_held)
            {
                _held = true;
                return Task.CompletedTask;
            }

            // Completed by Release on the thread that resumes the waiter: its continuation runs there, inline.
            var waiter = new TaskCompletionSource();
            _waiters.Enqueue(waiter);
            return waiter.Task;
        }
    }

    /// <summary>Hands the turn to the longest waiter, or frees it when nobody waits.</summary>
    public void Release()
    {
        TaskCompletionSource? next;
        lock (_waiters)
        {
            if (!_waiters.TryDequeue(out next))
            {
                _held = false;
                return;
            }
        }

        if (writer is null || !writer.TryPost(next))
        {
            ThreadPool.UnsafeQueueUserWorkItem(static waiter => waiter.SetResult(), next, preferLocal: false);
        }
    }
}

/// <summary>
/// The thread that resumes the writers of the SQLite queue, one after another: the part of a write that runs on it is
/// the one part that cannot run in parallel, and every other write waits for it, so it does not queue for a thread-pool
/// thread at each hand-over.
/// </summary>
internal sealed class WriterThread : IDisposable
{
    private readonly BlockingCollection<TaskCompletionSource> _resume = [];

    public WriterThread()
    {
        new Thread(Run) { IsBackground = true, Name = "OewgDrafting writer" }.Start();
    }

    /// <summary>True when the waiter will be resumed on this thread; false once the thread is stopping.</summary>
    public bool TryPost(TaskCompletionSource waiter)
    {
        try
        {
            return _resume.TryAdd(waiter);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public void Dispose() => _resume.CompleteAdding();

    private void Run()
    {
        foreach (var waiter in _resume.GetConsumingEnumerable())
        {
            // The waiter's continuation (its turn, up to its first wait that does not complete at once) runs here; an
            // await keeps what it throws in its own task. Anything else that escapes must not stop this thread: every
            // later writer would wait for it.
            try
            {
                waiter.SetResult();
            }
            catch (Exception e)
            {
                System.Diagnostics.Trace.TraceError($"A writer's continuation failed on the writer thread: {e}");
            }
        }
    }
}
