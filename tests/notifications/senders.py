"""SMS gateways for tests, named in settings.LIAISON_SMS_SENDER like a real one."""


class RecordingSmsSender:
    sent: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        RecordingSmsSender.sent.append((phone, text))


class FailingSmsSender:
    def send(self, phone: str, text: str) -> None:
        raise ConnectionError(f"gateway refused {phone}")  # a gateway error that quotes the phone
