namespace KernelTruth.Cli.Output;

/// <summary>
/// What `-o/--output` asks a command to print, the names kubectl and KRR users type. Each command accepts the
/// formats it can write (<see cref="OutputFormatOption"/>); `table` is the default everywhere.
/// </summary>
internal enum OutputFormat
{
    Table,
    Wide,
    Json,
    Yaml,
    Csv,
}
