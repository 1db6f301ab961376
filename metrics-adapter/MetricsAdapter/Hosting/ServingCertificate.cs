using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.MetricsAdapter.Hosting;

/// <summary>
/// The certificate the adapter presents, re-read from its PEM files when they change, so a rotated Secret
/// (cert-manager renews before expiry; the kubelet swaps the mounted files atomically) is served without a
/// restart. The files are compared by content at most once per <see cref="CheckInterval"/>, on the TLS
/// handshake that finds the check due: two small reads every few seconds, and no file watcher, which misses
/// the kubelet's symlink swap. A pair that does not load (the certificate replaced but not yet its key) keeps
/// the current certificate, is logged, and is tried again at the next check.
/// </summary>
public sealed partial class ServingCertificate : IDisposable
{
    /// <summary>How often the files are compared; the kubelet itself takes up to a minute to update a mounted Secret.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(10);

    private readonly string? _certFile;
    private readonly string? _keyFile;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private X509Certificate2 _current;
    private X509Certificate2? _previous;
    private byte[] _loadedPem = [];
    private long _nextCheck;

    private ServingCertificate(X509Certificate2 current, string? certFile, string? keyFile, TimeProvider time)
    {
        _current = current;
        _certFile = certFile;
        _keyFile = keyFile;
        _time = time;
        _nextCheck = (time.GetUtcNow() + CheckInterval).UtcTicks;
    }

    /// <summary>
    /// Where reloads are logged. Settable because the certificate is loaded before the host that owns the
    /// loggers is built (a certificate that does not load must stop start-up first).
    /// </summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>True when no files were given and a self-signed certificate was made here.</summary>
    public bool IsSelfSigned => _certFile is null;

    /// <summary>The certificate to present now; re-reads the files first when a check is due.</summary>
    public X509Certificate2 Current
    {
        get
        {
            if (_certFile is not null && _time.GetUtcNow().UtcTicks >= Interlocked.Read(ref _nextCheck))
            {
                ReloadIfChanged();
            }

            return Volatile.Read(ref _current);
        }
    }

    /// <summary>
    /// The PEM pair when both are given (re-read as they change), none for a self-signed certificate for
    /// localhost and <paramref name="extraNames"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Only one file given, or the pair does not load now; the message names the files.</exception>
    public static ServingCertificate LoadOrCreate(string? certFile, string? keyFile, TimeProvider time, IEnumerable<string>? extraNames = null)
    {
        if (certFile is null && keyFile is null)
        {
            return new ServingCertificate(AdapterCertificates.CreateSelfSigned(time, extraNames ?? []), null, null, time);
        }

        if (certFile is null || keyFile is null)
        {
            throw new ArgumentException("give both the TLS certificate and its key (PEM files), or neither for a self-signed one");
        }

        var serving = new ServingCertificate(AdapterCertificates.LoadOrCreate(certFile, keyFile, time), certFile, keyFile, time);
        serving._loadedPem = serving.ReadPair() ?? [];
        return serving;
    }

    /// <summary>A fixed certificate (tests, benchmarks): never reloaded.</summary>
    public static ServingCertificate Fixed(X509Certificate2 certificate) =>
        new(certificate, null, null, TimeProvider.System);

    public void Dispose()
    {
        _current.Dispose();
        _previous?.Dispose();
    }

    private void ReloadIfChanged()
    {
        lock (_lock)
        {
            if (_time.GetUtcNow().UtcTicks < _nextCheck)
            {
                return; // another handshake checked while this one waited
            }

            Interlocked.Exchange(ref _nextCheck, (_time.GetUtcNow() + CheckInterval).UtcTicks);
            if (ReadPair() is not { } pem || pem.AsSpan().SequenceEqual(_loadedPem))
            {
                return;
            }

            X509Certificate2 next;
            try
            {
                next = AdapterCertificates.LoadOrCreate(_certFile, _keyFile, _time);
            }
            catch (ArgumentException ex)
            {
                Log.ReloadFailed(Logger, _certFile!, ex.Message);
                return;
            }

            // The one before is disposed only now: a handshake that took it a moment ago has finished with it.
            _previous?.Dispose();
            _previous = _current;
            Volatile.Write(ref _current, next);
            _loadedPem = pem;
            Log.Reloaded(Logger, _certFile!, next.Subject, next.NotAfter.ToUniversalTime());
        }
    }

    /// <summary>Both files' bytes, or null when either cannot be read right now (mid-swap): checked again later.</summary>
    private byte[]? ReadPair()
    {
        try
        {
            return [.. File.ReadAllBytes(_certFile!), .. File.ReadAllBytes(_keyFile!)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.ReloadFailed(Logger, _certFile!, ex.Message);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Serving certificate reloaded from {CertFile}: {Subject}, valid until {NotAfter:O}")]
        public static partial void Reloaded(ILogger logger, string certFile, string subject, DateTime notAfter);

        [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Serving certificate {CertFile} changed but does not load ({Reason}); still serving the previous one, trying again shortly")]
        public static partial void ReloadFailed(ILogger logger, string certFile, string reason);
    }
}
