class Box:
    def __init__(self, size: int):
        self.size = size
