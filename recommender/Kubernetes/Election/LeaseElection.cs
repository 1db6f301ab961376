using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using KernelTruth.Kubernetes.Connection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.Kubernetes.Election;

/// <summary>
/// Leader election on a coordination.k8s.io Lease with KubernetesClient's <see cref="LeaderElector"/> and
/// <see cref="LeaseLock"/> (get, create and update on the Lease). Around it, three things the library leaves to its
/// caller: <see cref="IsLeader"/> is true only between its started- and stopped-leading callbacks (the library's own
/// IsLeader() keeps saying yes after a renewal failed or the run was stopped); a failure that escapes its loop (no
/// connection while acquiring) is logged and the election starts again; and, when stopped, the Lease is given up
/// the way client-go does (empty holder, 1 s duration) so a standby takes over within one retry period.
/// </summary>
public sealed partial class LeaseElection : ILeadership
{
    private readonly IKubernetes _client;
    private readonly LeaseElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _leading;

    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public LeaseElection(IKubernetes client, LeaseElectionOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException("leader election: " + string.Join("; ", errors), nameof(options));
        }

        _client = client;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    public string Identity => _options.Identity;

    /// <summary>Whether this replica leads now: check it before every write.</summary>
    public bool IsLeader => Volatile.Read(ref _leading) == 1;

    public event Action? StartedLeading;

    public event Action? StoppedLeading;

    /// <summary>Competes for the Lease, and holds it while leading, until <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var lease = new LeaseLock(_client, _options.LeaseNamespace, _options.LeaseName, _options.Identity);
        using var elector = new LeaderElector(new LeaderElectionConfig(lease)
        {
            LeaseDuration = _options.LeaseDuration,
            RenewDeadline = _options.RenewDeadline,
            RetryPeriod = _options.RetryPeriod,
        });
        elector.OnStartedLeading += () => Transition(leading: true);
        elector.OnStoppedLeading += () => Transition(leading: false);
        elector.OnError += e => Log.Failed(_logger, _options.LeaseNamespace, _options.LeaseName, Identity, ApiErrors.Describe(e));
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await elector.RunAndTryToHoldLeadershipForeverAsync(ct).ConfigureAwait(false);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    Log.Failed(_logger, _options.LeaseNamespace, _options.LeaseName, Identity, ApiErrors.Describe(e));
                    await Task.Delay(_options.RetryPeriod, _time, ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped.
        }
        finally
        {
            Transition(leading: false);
            if (_options.ReleaseOnCancel)
            {
                await ReleaseAsync().ConfigureAwait(false);
            }
        }
    }

    private void Transition(bool leading)
    {
        if (Interlocked.Exchange(ref _leading, leading ? 1 : 0) == (leading ? 1 : 0))
        {
            return; // no change (the stopped callback and the final cleanup both say "not leading")
        }

        try
        {
            if (leading)
            {
                Log.StartedLeading(_logger, _options.LeaseNamespace, _options.LeaseName, Identity);
                StartedLeading?.Invoke();
            }
            else
            {
                Log.StoppedLeading(_logger, _options.LeaseNamespace, _options.LeaseName, Identity);
                StoppedLeading?.Invoke();
            }
        }
        catch (Exception e)
        {
            Log.HandlerFailed(_logger, _options.LeaseNamespace, _options.LeaseName, e);
        }
    }

    /// <summary>
    /// If the Lease still names us, hand it back: no holder, a 1 s duration, renewed now. The write carries the
    /// resourceVersion just read, so it cannot undo a standby that took over in between (that is a 409, and ours to ignore).
    /// </summary>
    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(_options.RenewDeadline, _time);
        try
        {
            var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_options.LeaseName, _options.LeaseNamespace, cancellationToken: timeout.Token).ConfigureAwait(false);
            if (lease.Spec?.HolderIdentity != Identity)
            {
                return;
            }

            var now = _time.GetUtcNow().UtcDateTime;
            lease.Spec.HolderIdentity = "";
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.AcquireTime = now;
            lease.Spec.RenewTime = now;
            await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.LeaseName, _options.LeaseNamespace, cancellationToken: timeout.Token).ConfigureAwait(false);
            Log.Released(_logger, _options.LeaseNamespace, _options.LeaseName, Identity);
        }
        catch (Exception e) when (ApiErrors.IsApiFailure(e, CancellationToken.None))
        {
            Log.ReleaseFailed(_logger, _options.LeaseNamespace, _options.LeaseName, Identity, ApiErrors.Describe(e));
        }
    }
}
