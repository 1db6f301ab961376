using KernelTruth.Kube.Client;
using KernelTruth.Kube.Model;
using KernelTruth.Kube.Resources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.Kube.LeaderElection;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease, with client-go's rules: write with the
/// lease's resourceVersion (409 ⇒ someone else wrote; re-read next round); take a lease over
/// only after it was seen unchanged for leaseDurationSeconds on this instance's own monotonic
/// clock (so clock skew between instances does not matter); step down when no renewal
/// succeeded within RenewDeadline; on graceful stop clear holderIdentity so another instance
/// takes over at once.
/// </summary>
public sealed class LeaderElector
{
    private readonly KubeClient _client;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // What the lease looked like when this instance last saw it change, and when (monotonic).
    private (string? Holder, DateTimeOffset? RenewTime, string? ResourceVersion)? _observed;
    private long _observedAt;
    private long _lastRenewedAt;
    private volatile bool _isLeader;

    public LeaderElector(KubeClient client, LeaderElectionOptions options, ILogger? logger = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("leader election options: " + string.Join("; ", errors), nameof(options));
        }

        _client = client;
        _options = options;
        _time = client.Time;
        _logger = logger ?? NullLogger.Instance;
    }

    public bool IsLeader => _isLeader;

    public string Identity => _options.Identity;

    /// <summary>Raised on the election loop when this instance becomes leader.</summary>
    public event Action? StartedLeading;

    /// <summary>Raised when leadership ends: lost, released, or the loop stopped.</summary>
    public event Action? StoppedLeading;

    /// <summary>Campaigns and renews until <paramref name="ct"/> is cancelled; then releases (if configured).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await RunOnceAsync(ct).ConfigureAwait(false);
                await Task.Delay(_options.RetryPeriod, _time, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            if (_isLeader)
            {
                if (_options.ReleaseOnCancel)
                {
                    await ReleaseAsync().ConfigureAwait(false);
                }

                StepDown();
            }
        }
    }

    /// <summary>One acquire-or-renew round (public for tests that drive the election step by step).</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        bool succeeded;
        if (_isLeader)
        {
            // Bound the attempt by what remains of the deadline, so that a hanging server cannot
            // keep us "leader" past it.
            var remaining = _options.RenewDeadline - _time.GetElapsedTime(_lastRenewedAt);
            using var deadline = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
            succeeded = await TryAcquireOrRenewAsync(linked.Token, ct).ConfigureAwait(false);
        }
        else
        {
            succeeded = await TryAcquireOrRenewAsync(ct, ct).ConfigureAwait(false);
        }

        if (succeeded)
        {
            _lastRenewedAt = _time.GetTimestamp();
            if (!_isLeader)
            {
                _isLeader = true;
                LeaderElectorLog.Acquired(_logger, _options.LeaseNamespace, _options.LeaseName, _options.Identity);
                Invoke(StartedLeading);
            }
        }
        else if (_isLeader && _time.GetElapsedTime(_lastRenewedAt) >= _options.RenewDeadline)
        {
            LeaderElectorLog.Lost(_logger, _options.LeaseNamespace, _options.LeaseName, _options.Identity,
                (long)_options.RenewDeadline.TotalMilliseconds);
            StepDown();
        }
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken attemptCt, CancellationToken stopCt)
    {
        try
        {
            return await AcquireOrRenewAsync(attemptCt).ConfigureAwait(false);
        }
        catch (Exception e) when (!stopCt.IsCancellationRequested && e is KubeApiException or HttpRequestException
                                      or IOException or TimeoutException or OperationCanceledException or InvalidDataException)
        {
            LeaderElectorLog.AttemptFailed(_logger, e, _options.LeaseNamespace, _options.LeaseName, _options.Identity);
            return false;
        }
    }

    private async Task<bool> AcquireOrRenewAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var lease = await _client.TryGetAsync(
            KubeResources.Leases, _options.LeaseNamespace, _options.LeaseName, KubeJsonContext.Default.Lease, ct).ConfigureAwait(false);

        if (lease is null)
        {
            var created = NewLease(now);
            try
            {
                var stored = await _client.CreateAsync(KubeResources.Leases, _options.LeaseNamespace, created,
                    KubeJsonContext.Default.Lease, ct).ConfigureAwait(false);
                Observe(stored);
                return true;
            }
            catch (KubeApiException e) when (e.IsAlreadyExists)
            {
                return false; // another instance created it first
            }
        }

        var spec = lease.Spec ??= new LeaseSpec();
        Observe(lease);
        var heldByOther = !string.IsNullOrEmpty(spec.HolderIdentity) && spec.HolderIdentity != _options.Identity;
        var observedFor = _time.GetElapsedTime(_observedAt);
        if (heldByOther && observedFor < TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? 0))
        {
            if (_isLeader)
            {
                // Someone took over while our renewals failed: we are not leader, whatever the deadline says.
                LeaderElectorLog.Lost(_logger, _options.LeaseNamespace, _options.LeaseName, _options.Identity,
                    (long)_options.RenewDeadline.TotalMilliseconds);
                StepDown();
            }

            return false;
        }

        if (spec.HolderIdentity != _options.Identity)
        {
            spec.AcquireTime = now;
            spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + 1;
        }

        spec.HolderIdentity = _options.Identity;
        spec.LeaseDurationSeconds = LeaseSeconds;
        spec.RenewTime = now;

        try
        {
            var stored = await _client.ReplaceAsync(KubeResources.Leases, _options.LeaseNamespace, _options.LeaseName, lease,
                KubeJsonContext.Default.Lease, ct).ConfigureAwait(false);
            Observe(stored);
            return true;
        }
        catch (KubeApiException e) when (e.IsConflict)
        {
            return false; // someone wrote since our read: look again next round
        }
    }

    private async Task ReleaseAsync()
    {
        // The stop token is already cancelled: release with a short budget of its own.
        using var budget = new CancellationTokenSource(_options.RenewDeadline, _time);
        try
        {
            var lease = await _client.GetAsync(KubeResources.Leases, _options.LeaseNamespace, _options.LeaseName,
                KubeJsonContext.Default.Lease, budget.Token).ConfigureAwait(false);
            if (lease.Spec?.HolderIdentity != _options.Identity)
            {
                return; // not ours any more; nothing to give up
            }

            lease.Spec.HolderIdentity = null;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = _time.GetUtcNow();
            await _client.ReplaceAsync(KubeResources.Leases, _options.LeaseNamespace, _options.LeaseName, lease,
                KubeJsonContext.Default.Lease, budget.Token).ConfigureAwait(false);
            LeaderElectorLog.Released(_logger, _options.LeaseNamespace, _options.LeaseName, _options.Identity);
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or IOException or TimeoutException
                                      or OperationCanceledException or InvalidDataException)
        {
            // The lease then simply expires.
            LeaderElectorLog.AttemptFailed(_logger, e, _options.LeaseNamespace, _options.LeaseName, _options.Identity);
        }
    }

    private Lease NewLease(DateTimeOffset now) => new()
    {
        Metadata = new ObjectMeta { Name = _options.LeaseName, Namespace = _options.LeaseNamespace },
        Spec = new LeaseSpec
        {
            HolderIdentity = _options.Identity,
            LeaseDurationSeconds = LeaseSeconds,
            AcquireTime = now,
            RenewTime = now,
            LeaseTransitions = 0,
        },
    };

    /// <summary>Whole seconds, rounded up so that others never wait less than configured.</summary>
    private int LeaseSeconds => (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds);

    private void Observe(Lease lease)
    {
        var record = (lease.Spec?.HolderIdentity, lease.Spec?.RenewTime, lease.Metadata?.ResourceVersion);
        if (_observed != record)
        {
            _observed = record;
            _observedAt = _time.GetTimestamp();
        }
    }

    private void StepDown()
    {
        if (!_isLeader)
        {
            return;
        }

        _isLeader = false;
        Invoke(StoppedLeading);
    }

    private void Invoke(Action? callback)
    {
        try
        {
            callback?.Invoke();
        }
        catch (Exception e)
        {
            LeaderElectorLog.CallbackFailed(_logger, e, _options.LeaseNamespace, _options.LeaseName, _options.Identity);
        }
    }
}
