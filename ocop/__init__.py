"""OCOP information system: One Commune One Product (Mỗi xã một sản phẩm)."""
