"""torch.autograd.anomaly_mode: anomaly detection, under its torch module."""

from .anomaly import detect_anomaly, is_anomaly_enabled, set_detect_anomaly

__all__ = ["detect_anomaly", "set_detect_anomaly", "is_anomaly_enabled"]
